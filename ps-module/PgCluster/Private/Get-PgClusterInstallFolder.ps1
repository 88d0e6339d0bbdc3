function Get-PgClusterInstallFolder {
    <#
    .SYNOPSIS
        The folder the MSI installed PgCluster into (HKLM\SOFTWARE\PgCluster, InstallFolder), or
        $null when PgCluster was not installed by the MSI or this is not Windows.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param ()

    $key = 'HKLM:\SOFTWARE\PgCluster'
    if (-not (Test-Path -LiteralPath $key -ErrorAction SilentlyContinue)) {
        return $null
    }
    $value = Get-ItemProperty -LiteralPath $key -Name 'InstallFolder' -ErrorAction SilentlyContinue
    if ($null -eq $value -or [string]::IsNullOrWhiteSpace($value.InstallFolder)) {
        return $null
    }
    return [string]$value.InstallFolder
}
