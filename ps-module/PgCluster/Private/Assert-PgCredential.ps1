function Assert-PgCredential {
    <#
    .SYNOPSIS
        Returns the credential a service registration needs, or stops with a clear error when the
        caller did not give one (none is needed for a gMSA, DOMAIN\name$, or NT AUTHORITY\...).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCredential])]
    param (
        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Operation
    )

    $none = $null -eq $Credential -or $Credential -eq [System.Management.Automation.PSCredential]::Empty
    if ($none -and $Operation.account -and (Test-PgPasswordlessAccount -Account $Operation.account)) {
        # A gMSA or a built-in service account: Windows holds its password, the caller has none.
        return [System.Management.Automation.PSCredential]::new($Operation.account, [System.Security.SecureString]::new())
    }
    if ($none) {
        throw (New-PgErrorRecord -ErrorId 'CredentialRequired' -Category InvalidArgument -TargetObject $Operation.name `
                -Message "Registering the service '$($Operation.name)' needs the password of $($Operation.account)." `
                -Hint 'Add -Credential (Get-Credential) with the instance administrator account.')
    }
    return $Credential
}
