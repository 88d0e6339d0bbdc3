function Remove-PgServicesFileEntry {
    <#
    .SYNOPSIS
        Removes a service's TCP entries from the Windows services file; absent is not an error.

    .DESCRIPTION
        Deletes every `<name> <port>/tcp` line of the service from
        %SystemRoot%\System32\drivers\etc\services (or the file given with -Path). Every other
        line is kept as it was, with the file's line endings; the file is written as ASCII and
        ends with a newline, and a copy of the original is kept once as <file>.bak. A name that
        is not in the file is reported with a verbose message only, so uninstalling twice is
        harmless.

    .PARAMETER Name
        Service names to remove. Accepts pipeline input, also from Get-PgServicesFileEntry.

    .PARAMETER Path
        The services file to edit. Defaults to %SystemRoot%\System32\drivers\etc\services.
        Accepts pipeline input by property name.

    .PARAMETER Force
        Edits the file without asking for confirmation.

    .EXAMPLE
        Remove-PgServicesFileEntry -Name 'pgcluster-mc-server1'

        Releases the controller port of server1 after it left multiplexing.

    .EXAMPLE
        Get-PgServicesFileEntry -Name 'pgcluster-*' | Remove-PgServicesFileEntry -WhatIf

        Shows which PgCluster reservations would be removed.

    .OUTPUTS
        None

    .LINK
        Add-PgServicesFileEntry
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Name,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Path = "$env:SystemRoot\System32\drivers\etc\services",

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        foreach ($service in $Name) {
            $file = Read-PgServicesFile -Path $Path
            $drop = @(ConvertFrom-PgServicesFile -Line $file.Lines -Path $Path |
                    Where-Object -FilterScript { $_.Name -eq $service -and $_.Protocol -eq 'tcp' } |
                    ForEach-Object -Process { $_.Line - 1 })
            if ($drop.Count -eq 0) {
                Write-Verbose -Message "'$service' has no TCP entry in $Path."
                continue
            }
            if (-not $PSCmdlet.ShouldProcess("services file entry '$service' in $Path", 'Remove')) {
                continue
            }
            $keep = @(for ($i = 0; $i -lt $file.Lines.Count; $i++) {
                    if ($drop -notcontains $i) {
                        $file.Lines[$i]
                    }
                })
            try {
                Write-PgServicesFile -Path $Path -Line $keep -Eol $file.Eol
            }
            catch {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ServicesFileWriteFailed' -TargetObject $Path `
                            -Message "Could not write '$Path': $($_.Exception.Message)" `
                            -Hint 'Run PowerShell as Administrator: the services file can be changed only by administrators.'))
            }
        }
    }
}
